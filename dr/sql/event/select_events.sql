-- DR events (one when %(id)s is given), the latest window first, with their response counts.
SELECT e.id, e.program_id, e.title, e.starts_at, e.ends_at, e.target_kw,
       ST_AsGeoJSON(coalesce(e.geom, (SELECT ST_Multi(ST_Union(s.geom)) FROM supply_area AS s
                                      WHERE s.transformer_id = ANY (e.transformer_ids))),
                    6)::json AS geometry,
       e.transformer_ids, e.target_rule, e.status, e.modification_number, e.response_deadline,
       e.created_at, e.updated_at,
       coalesce(p.participants, 0), coalesce(p.opt_in, 0), coalesce(p.opt_out, 0)
FROM dr_event AS e
LEFT JOIN LATERAL (
    SELECT count(*)::int AS participants,
           (count(*) FILTER (WHERE response = 'opt_in'))::int AS opt_in,
           (count(*) FILTER (WHERE response = 'opt_out'))::int AS opt_out
    FROM dr_participant WHERE event_id = e.id
) AS p ON true
WHERE (%(id)s::integer IS NULL OR e.id = %(id)s)
  AND (%(statuses)s::text[] IS NULL OR e.status = ANY (%(statuses)s::text[]))
ORDER BY e.starts_at DESC, e.id DESC
LIMIT %(limit)s
