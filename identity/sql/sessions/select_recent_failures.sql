-- Failed sign-ins within the window, for the account (as typed, lower-cased) and for the client
-- address: how many, and when the oldest of them was (the throttle lifts a window after it).
SELECT 'account' AS scope, count(*) AS failures, min(at) AS oldest
FROM sign_in_failure WHERE username = %(username)s AND at > %(since)s
UNION ALL
SELECT 'client', count(*), min(at)
FROM sign_in_failure WHERE client = %(client)s AND at > %(since)s
