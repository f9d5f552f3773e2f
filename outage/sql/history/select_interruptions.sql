-- Interruptions of supply that are over, one row per outage and feeder, for the outage history
-- and the reliability indices: restored incidents (not those absorbed into another) from their
-- opening to their restoration, and completed planned outages over their window. Customers
-- interrupted: an incident's customers affected, or for a substation's incident each of its
-- feeders' customers; a planned outage's recorded customers, counted by their feeder. An outage
-- counts in the period it started in: since <= start < until. feeder_id and cause (when not
-- null) keep only that feeder's rows and that cause (planned_work, transformer_fault,
-- feeder_fault, substation_fault).
WITH scope AS (
    SELECT %(since)s::timestamptz AS since, %(until)s::timestamptz AS until,
           %(feeder_id)s::integer AS feeder_id, %(cause)s::text AS cause
), unplanned AS (
    SELECT 'unplanned'::text AS kind, i.level || '_fault' AS cause, i.id AS outage_id,
           i.feeder_id, i.opened_at AS started_at, i.restored_at AS ended_at, i.duration_s,
           i.customers_affected AS customers
    FROM scope, incident i
    WHERE i.status = 'restored' AND i.absorbed_into IS NULL AND i.level <> 'substation'
      AND i.opened_at >= scope.since AND i.opened_at < scope.until
    UNION ALL
    SELECT 'unplanned', 'substation_fault', i.id, f.id, i.opened_at, i.restored_at,
           i.duration_s,
           (SELECT count(*)::integer FROM transformer t JOIN customer c ON c.transformer_id = t.id
            WHERE t.feeder_id = f.id)
    FROM scope, incident i
    JOIN feeder f ON f.substation_id = i.substation_id
    WHERE i.status = 'restored' AND i.absorbed_into IS NULL AND i.level = 'substation'
      AND i.opened_at >= scope.since AND i.opened_at < scope.until
), planned AS (
    SELECT 'planned'::text, 'planned_work'::text, o.id::bigint, t.feeder_id, o.starts_at,
           o.ends_at, extract(epoch FROM o.ends_at - o.starts_at)::integer,
           count(c.id)::integer
    FROM scope, planned_outage o
    LEFT JOIN LATERAL unnest(o.customer_ids) AS affected(id) ON true
    LEFT JOIN customer c ON c.id = affected.id
    LEFT JOIN transformer t ON t.id = c.transformer_id
    WHERE o.status = 'completed'
      AND o.starts_at >= scope.since AND o.starts_at < scope.until
    GROUP BY o.id, t.feeder_id
)
SELECT x.kind, x.cause, x.outage_id, x.feeder_id, f.code AS feeder_code, x.started_at,
       x.ended_at, x.duration_s, x.customers
FROM scope, (SELECT * FROM unplanned UNION ALL SELECT * FROM planned) AS x
LEFT JOIN feeder f ON f.id = x.feeder_id
WHERE (scope.feeder_id IS NULL OR x.feeder_id = scope.feeder_id)
  AND (scope.cause IS NULL OR x.cause = scope.cause)
ORDER BY x.started_at DESC, x.kind, x.outage_id, f.code
