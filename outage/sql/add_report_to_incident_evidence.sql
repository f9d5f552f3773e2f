-- A report (%(report_id)s, behind transformer %(transformer_id)s of feeder %(feeder_id)s)
-- joins open incident %(incident_id)s: its evidence grows by the report, the transformer and
-- the feeder (ids kept sorted and distinct), and the confidence, last_report_at and
-- updated_at follow, by the rules of refresh_incident_evidence.sql, without reading every
-- report of the incident again (in a storm that read grew with each report, under the
-- substation's lock). A new report's id is mostly the highest: then it is appended, not
-- sorted in; a transformer or feeder already there leaves its list as it is. Only for
-- evidence that refresh_incident_evidence.sql wrote (it has report_ids); otherwise no row,
-- and the caller refreshes in full.
WITH ids AS (
    SELECT i.id,
           i.evidence -> 'report_ids' AS reports,
           coalesce(i.evidence -> 'transformer_ids', '[]') AS transformers,
           coalesce(i.evidence -> 'feeder_ids', '[]') AS feeders
    FROM incident AS i
    WHERE i.id = %(incident_id)s AND jsonb_typeof(i.evidence -> 'report_ids') = 'array'
),
grown AS (
    SELECT id,
           CASE WHEN coalesce((reports ->> -1)::bigint < %(report_id)s, true)
                THEN reports || to_jsonb(%(report_id)s::bigint)
                ELSE (SELECT jsonb_agg(DISTINCT v ORDER BY v)
                      FROM (SELECT e::bigint AS v FROM jsonb_array_elements_text(reports) AS e
                            UNION ALL SELECT %(report_id)s::bigint) AS s)
           END AS report_ids,
           CASE WHEN transformers @> to_jsonb(%(transformer_id)s::bigint) THEN transformers
                ELSE (SELECT jsonb_agg(v ORDER BY v)
                      FROM (SELECT e::bigint AS v
                            FROM jsonb_array_elements_text(transformers) AS e
                            UNION ALL SELECT %(transformer_id)s::bigint) AS s)
           END AS transformer_ids,
           CASE WHEN feeders @> to_jsonb(%(feeder_id)s::bigint) THEN feeders
                ELSE (SELECT jsonb_agg(v ORDER BY v)
                      FROM (SELECT e::bigint AS v FROM jsonb_array_elements_text(feeders) AS e
                            UNION ALL SELECT %(feeder_id)s::bigint) AS s)
           END AS feeder_ids
    FROM ids
)
UPDATE incident AS i
SET evidence = i.evidence || jsonb_build_object(
        'report_ids', g.report_ids,
        'transformer_ids', g.transformer_ids,
        'feeder_ids', g.feeder_ids),
    confidence = round(least(0.99, 1 - power(0.7, jsonb_array_length(g.report_ids))
                                  * power(0.6, greatest(jsonb_array_length(g.transformer_ids) - 1,
                                                        0)))::numeric, 3),
    last_report_at = greatest(i.last_report_at, %(reported_at)s),
    updated_at = now()
FROM grown AS g
WHERE i.id = g.id
RETURNING i.status, i.level, i.customers_affected, i.estimated_restoration_at, i.confidence
