-- lagInFrame, leadInFrame, first_value, last_value.
select
    id,
    lagInFrame(u32) over (order by id rows between 1 preceding and current row) as previous_u32,
    leadInFrame(s, 1, '') over (order by id rows between current row and 1 following) as next_s,
    first_value(s) over (order by id) as first_s,
    last_value(f32) over (order by id) as last_f32,
    lag(u32) over (order by id) as lag_u32,
    nth_value(s, 2) over (order by id) as second_s
from {{ ref('typed_numbers') }}
inner join {{ ref('typed_text') }} using (id)
