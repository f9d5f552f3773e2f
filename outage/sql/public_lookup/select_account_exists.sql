-- Whether an account number names a customer (the public lookup says "no such account").
SELECT EXISTS (SELECT 1 FROM customer WHERE account_no = %(account_no)s)
