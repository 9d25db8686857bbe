/**
 * How configuration is declared and read. Every key is declared once as a {@link
 * io.dataflow.config.Setting} (name, type, default, description) in the config class of the stage
 * that owns it, and listed in {@link io.dataflow.config.SettingsCatalog}, from which the
 * configuration reference is checked. Values come from MicroProfile Config, so every key also works
 * as an environment variable ({@code dataflow.archive.max-batch-bytes} as {@code
 * DATAFLOW_ARCHIVE_MAX_BATCH_BYTES}).
 */
package io.dataflow.config;
