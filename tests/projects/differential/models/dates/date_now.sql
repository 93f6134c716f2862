-- now(), today() and friends.
select
    now() as now_time,
    now64(3) as now_millis,
    today() as today_date,
    yesterday() as yesterday_date,
    now('UTC') as now_utc,
    toStartOfDay(now()) as start_of_today
