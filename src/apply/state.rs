//! The kiln-owned state table in ClickHouse, `kiln.node_state`: one row per applied node
//! (its hash, status, time), so a later apply can skip nodes that are up to date.

use super::connection::{Connection, QueryError};
use crate::quote::quote_string;
use std::collections::HashMap;

pub const STATE_DATABASE: &str = "kiln";
pub const STATE_TABLE: &str = "`kiln`.`node_state`";

pub async fn ensure(connection: &Connection) -> Result<(), QueryError> {
    connection
        .execute(
            "CREATE DATABASE IF NOT EXISTS `kiln`",
            "kiln:state",
            &query_id("state-db"),
        )
        .await?;
    connection
        .execute(
            "CREATE TABLE IF NOT EXISTS `kiln`.`node_state` (\
             project String, unique_id String, node_hash String, status LowCardinality(String), \
             applied_at DateTime64(3, 'UTC'), rows UInt64, duration_ms UInt64\
             ) ENGINE = ReplacingMergeTree(applied_at) ORDER BY (project, unique_id, status)",
            "kiln:state",
            &query_id("state-table"),
        )
        .await?;
    Ok(())
}

/// The hash of each node's last successful apply.
pub async fn last_success(
    connection: &Connection,
    project: &str,
) -> Result<HashMap<String, String>, QueryError> {
    let sql = format!(
        "SELECT concat(unique_id, '\\t', argMax(node_hash, applied_at)) FROM {STATE_TABLE} \
         WHERE project = {} AND status = 'success' GROUP BY unique_id",
        quote_string(project)
    );
    let rows = connection.strings(&sql, "kiln:state").await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            row.split_once('\t')
                .map(|(id, hash)| (id.to_string(), hash.to_string()))
        })
        .collect())
}

/// Records one node's outcome.
pub async fn record(
    connection: &Connection,
    project: &str,
    unique_id: &str,
    node_hash: &str,
    status: &str,
    rows: u64,
    duration_ms: u64,
) -> Result<(), QueryError> {
    let row = serde_json::json!({
        "project": project,
        "unique_id": unique_id,
        "node_hash": node_hash,
        "status": status,
        "applied_at": now_text(),
        "rows": rows,
        "duration_ms": duration_ms,
    });
    let sql = format!("INSERT INTO {STATE_TABLE} FORMAT JSONEachRow");
    let data = bytes::Bytes::from(format!("{row}\n"));
    connection
        .insert_formatted(&sql, data, "kiln:state", &query_id("state-row"))
        .await
}

/// A unique query id with a readable prefix, so `system.query_log` and `KILL QUERY` can find it.
pub fn query_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    format!("kiln-{prefix}-{}-{nanos}-{n}", std::process::id())
}

/// The current UTC time as ClickHouse reads a `DateTime64(3)`: `2026-01-02 03:04:05.678`.
fn now_text() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        now.millisecond()
    )
}
