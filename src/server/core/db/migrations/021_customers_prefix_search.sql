-- Customers area: name search by prefix ("nguyen van" matches ~7 % of customers; the trigram index
-- then has to fetch, score and sort tens of thousands of rows). A b-tree in byte order serves both
-- `search_name COLLATE "C" LIKE 'nguyen van%'` (a range scan) and `ORDER BY search_name COLLATE "C"`,
-- so the top 10 are read straight off the index. COLLATE "C" rather than text_pattern_ops because
-- the database collation (e.g. C.UTF-8) can't serve LIKE ranges, and text_pattern_ops can't serve the
-- ORDER BY. search_name is already lower-case ASCII-ish (diacritics removed), so byte order reads fine.
CREATE INDEX customers_search_name_prefix_idx ON customers (workspace_id, (search_name COLLATE "C")) WHERE merged_into_id IS NULL;
