-- The extent of the loaded grid: the territory, else the transformers.
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT coalesce((SELECT ST_Extent(geom) FROM territory),
                      (SELECT ST_Extent(geom) FROM transformer))::geometry AS e) AS extent
