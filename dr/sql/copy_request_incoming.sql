COPY dr_request_incoming (customer_id, transformer_id, token, expected_kw, channel, language)
FROM STDIN
