-- URL functions.
select
    domain(url) as url_domain,
    path(url) as url_path,
    protocol(url) as url_protocol,
    extractURLParameter(url, 'q') as query_parameter,
    cutQueryString(url) as without_query
from (select concat('https://example.com/', s, '?q=', toString(id)) as url from {{ ref('typed_text') }})
