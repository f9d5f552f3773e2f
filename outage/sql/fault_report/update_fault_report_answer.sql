-- Keep the 201 answer, given again for a repeated Idempotency-Key.
UPDATE fault_report SET answer = %(answer)s WHERE id = %(id)s
