-- The -Merge combinator reads AggregateFunction values.
select
    sumMerge(sum_state) as merged_sum,
    uniqMerge(uniq_state) as merged_uniq,
    avgMerge(avg_state) as merged_avg
from {{ ref('agg_state') }}
