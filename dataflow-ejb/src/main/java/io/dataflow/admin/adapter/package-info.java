/**
 * Adapters of the admin facade's ports: {@link io.dataflow.admin.adapter.JsonlAuditStore}, the
 * audit trail as append-only JSON lines under the data directory.
 */
package io.dataflow.admin.adapter;
