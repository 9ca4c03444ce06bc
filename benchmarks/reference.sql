-- The DuckDB reference for `make bench`: PM18, PM24, PM27, PM28 and PM33 per council and
-- financial year, written by hand from the rules in indicators/national/quantitative/*.yaml,
-- the data-item specifications in technical_guidance/datasets/*.yaml and data-contract §2-4.
--
-- It reads the same CSV files as `pm compute`. The placeholders {data}, {holidays},
-- {first_year} and {last_year} are filled in by benchmarks/duckdb_reference.py.
--
-- Records that pm sets aside for data quality are set aside here too, by the same rules:
-- a required cell empty, a council code that is not one of the 22, a date that is not a real
-- YYYY-MM-DD date, an end before its start, a number that is not a whole number in range, a
-- code not in the list; then a record id seen twice in a council keeps one row (the copies the
-- sample generator writes are identical, so which one is kept does not matter).
-- council_ok() receives the code already trimmed and upper-cased.

-- ----------------------------------------------------------------------------- helpers

CREATE MACRO txt(x) AS nullif(trim(x), '');
CREATE MACRO as_date(x) AS CAST(try_strptime(nullif(trim(x), ''), '%Y-%m-%d') AS DATE);
CREATE MACRO council_ok(x) AS x IN (
    'W06000001', 'W06000002', 'W06000003', 'W06000004', 'W06000005', 'W06000006',
    'W06000008', 'W06000009', 'W06000010', 'W06000011', 'W06000012', 'W06000013',
    'W06000014', 'W06000015', 'W06000016', 'W06000018', 'W06000019', 'W06000020',
    'W06000021', 'W06000022', 'W06000023', 'W06000024');
-- financial year of a date, by its first calendar year: April 2023 to March 2024 -> 2023
CREATE MACRO fy(d) AS year(d - INTERVAL 3 MONTH);
CREATE MACRO fy_label(y) AS CAST(y AS VARCHAR) || '-' || lpad(CAST((y + 1) % 100 AS VARCHAR), 2, '0');

-- Working days: Monday to Friday except the bank holidays of England and Wales (written by
-- the harness from the `holidays` package). wd_index counts working days up to and including
-- each date, so the working days d with d0 < d <= d1 are wd_index(d1) - wd_index(d0).
CREATE TABLE bank_holiday AS
    SELECT CAST(day AS DATE) AS day FROM read_csv('{holidays}', header = true, columns = {'day': 'DATE'});
CREATE TABLE cal AS
    SELECT CAST(r.d AS DATE) AS day,
           sum(CASE WHEN isodow(r.d) <= 5 AND h.day IS NULL THEN 1 ELSE 0 END)
               OVER (ORDER BY r.d) AS wd_index
    FROM range(TIMESTAMP '1950-01-01', TIMESTAMP '2061-01-01', INTERVAL 1 DAY) AS r(d)
    LEFT JOIN bank_holiday AS h ON h.day = CAST(r.d AS DATE);

CREATE TABLE years AS
    SELECT y AS fy,
           make_date(y, 4, 1) AS year_start,
           make_date(y + 1, 3, 31) AS year_end
    FROM range({first_year}, {last_year} + 1) AS t(y);

-- ----------------------------------------------------------------------------- extracts

-- Each extract: every cell typed once (typed), the rules of its data-item specification as
-- filters, and one row per council and record id (GROUP BY; the copies are identical).

CREATE TABLE enquiries AS
WITH typed AS (
    SELECT txt(enquiry_id) AS enquiry_id, txt(person_id) AS person_id,
           upper(txt(la_code)) AS la_code,
           as_date(report_received_date) AS received,
           txt(enquiry_completed_date) AS completed_text, as_date(enquiry_completed_date) AS completed,
           txt(age_at_report) AS age_text, TRY_CAST(txt(age_at_report) AS DOUBLE) AS age,
           upper(txt(sex)) AS sex
    FROM read_csv('{data}/adult_protection_enquiries.csv', header = true, all_varchar = true)
)
SELECT la_code, enquiry_id, any_value(received) AS received, any_value(completed) AS completed
FROM typed
WHERE enquiry_id IS NOT NULL AND person_id IS NOT NULL AND council_ok(la_code)
  AND received IS NOT NULL AND (completed_text IS NULL OR completed IS NOT NULL)
  AND (age_text IS NULL OR (age IS NOT NULL AND age = floor(age) AND age BETWEEN 18 AND 120))
  AND (sex IS NULL OR sex IN ('F', 'M'))
  AND NOT coalesce(completed < received, false)
GROUP BY la_code, enquiry_id;

CREATE TABLE assessments AS
WITH typed AS (
    SELECT txt(assessment_id) AS assessment_id, txt(child_id) AS child_id,
           upper(txt(la_code)) AS la_code,
           as_date(referral_date) AS referred,
           txt(assessment_completed_date) AS completed_text,
           as_date(assessment_completed_date) AS completed,
           upper(txt(sex)) AS sex
    FROM read_csv('{data}/child_assessments.csv', header = true, all_varchar = true)
)
SELECT la_code, assessment_id, any_value(referred) AS referred, any_value(completed) AS completed
FROM typed
WHERE assessment_id IS NOT NULL AND child_id IS NOT NULL AND council_ok(la_code)
  AND referred IS NOT NULL AND (completed_text IS NULL OR completed IS NOT NULL)
  AND (sex IS NULL OR sex IN ('F', 'M'))
  AND NOT coalesce(completed < referred, false)
GROUP BY la_code, assessment_id;

CREATE TABLE registrations AS
WITH typed AS (
    SELECT txt(registration_id) AS registration_id, txt(child_id) AS child_id,
           upper(txt(la_code)) AS la_code,
           as_date(registration_date) AS registered,
           txt(deregistration_date) AS deregistered_text,
           as_date(deregistration_date) AS deregistered
    FROM read_csv('{data}/cpr_registrations.csv', header = true, all_varchar = true)
)
SELECT la_code, registration_id, any_value(child_id) AS child_id,
       any_value(registered) AS registered, any_value(deregistered) AS deregistered
FROM typed
WHERE registration_id IS NOT NULL AND child_id IS NOT NULL AND council_ok(la_code)
  AND registered IS NOT NULL AND (deregistered_text IS NULL OR deregistered IS NOT NULL)
  AND NOT coalesce(deregistered < registered, false)
GROUP BY la_code, registration_id;

CREATE TABLE placements AS
WITH typed AS (
    SELECT txt(placement_id) AS placement_id, txt(child_id) AS child_id,
           upper(txt(la_code)) AS la_code,
           as_date(placement_start_date) AS started,
           txt(placement_end_date) AS ended_text, as_date(placement_end_date) AS ended,
           txt(gp_registered_date) AS gp_text, as_date(gp_registered_date) AS gp_registered
    FROM read_csv('{data}/looked_after_placements.csv', header = true, all_varchar = true)
)
SELECT la_code, placement_id, any_value(child_id) AS child_id,
       any_value(started) AS started, any_value(ended) AS ended
FROM typed
WHERE placement_id IS NOT NULL AND child_id IS NOT NULL AND council_ok(la_code)
  AND started IS NOT NULL AND (ended_text IS NULL OR ended IS NOT NULL)
  AND (gp_text IS NULL OR gp_registered IS NOT NULL)
  AND NOT coalesce(ended < started, false)
GROUP BY la_code, placement_id;

-- ----------------------------------------------------------------------------- measures

CREATE TABLE results AS

-- PM18: enquiries completed in the year; numerator: within 7 working days of the report
SELECT 'PM18' AS indicator, fy(e.completed) AS fy, e.la_code AS area,
       count(*) FILTER (WHERE c1.wd_index - c0.wd_index <= 7) AS numerator,
       count(*) AS denominator
FROM enquiries AS e
JOIN cal AS c0 ON c0.day = e.received
JOIN cal AS c1 ON c1.day = e.completed
WHERE fy(e.completed) BETWEEN {first_year} AND {last_year}
GROUP BY ALL

UNION ALL
-- PM24: assessments completed in the year; numerator: within 42 working days of the referral
SELECT 'PM24', fy(a.completed), a.la_code,
       count(*) FILTER (WHERE c1.wd_index - c0.wd_index <= 42),
       count(*)
FROM assessments AS a
JOIN cal AS c0 ON c0.day = a.referred
JOIN cal AS c1 ON c1.day = a.completed
WHERE fy(a.completed) BETWEEN {first_year} AND {last_year}
GROUP BY ALL

UNION ALL
-- PM27: registrations in the year; numerator: another registration of the same child was
-- de-registered on or before this registration date and at most 12 calendar months before it
SELECT 'PM27', fy(r.registered), r.la_code,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM registrations AS e
           WHERE e.la_code = r.la_code AND e.child_id = r.child_id
             AND e.registration_id <> r.registration_id
             AND e.deregistered <= r.registered
             AND r.registered <= CAST(e.deregistered + INTERVAL 12 MONTH AS DATE))),
       count(*)
FROM registrations AS r
WHERE fy(r.registered) BETWEEN {first_year} AND {last_year}
GROUP BY ALL

UNION ALL
-- PM28: registrations de-registered in the year; numerator: total days on the register,
-- denominator: registrations (the mean is their ratio)
SELECT 'PM28', fy(deregistered), la_code,
       sum(deregistered - registered),
       count(*)
FROM registrations
WHERE fy(deregistered) BETWEEN {first_year} AND {last_year}
GROUP BY ALL

UNION ALL
-- PM33: children with a placement open on 31 March (start <= 31 March, end missing or later);
-- numerator: children with 3 or more placements overlapping the year
SELECT 'PM33', y.fy, p.la_code,
       count(DISTINCT p.child_id) FILTER (WHERE n.placements >= 3),
       count(DISTINCT p.child_id)
FROM placements AS p
JOIN years AS y ON p.started <= y.year_end AND (p.ended IS NULL OR p.ended > y.year_end)
JOIN (
    SELECT y2.fy, q.la_code, q.child_id, count(*) AS placements
    FROM placements AS q
    JOIN years AS y2 ON q.started <= y2.year_end AND (q.ended IS NULL OR q.ended >= y2.year_start)
    GROUP BY ALL
) AS n ON n.fy = y.fy AND n.la_code = p.la_code AND n.child_id = p.child_id
GROUP BY ALL;

COPY (
    SELECT indicator, fy_label(fy) AS period, area, numerator, denominator
    FROM results
    ORDER BY indicator, period, area
) TO '{out}' (HEADER, DELIMITER ',');
