/**
 * The facade the admin console reads the pipeline through. The console (dataflow-web-admin) sees
 * only {@link io.dataflow.admin.PipelineFacade} and the DTO records here, never stage internals.
 * Stages contribute by implementing the small provider interfaces ({@link
 * io.dataflow.admin.CacheControl}, {@link io.dataflow.admin.ArchiveControl}, {@link
 * io.dataflow.admin.DeadLetterHistory}, and {@link io.dataflow.admin.DemoControl} from the demo
 * traffic where ingestion runs); a provider whose stage is off in this server is simply absent.
 */
package io.dataflow.admin;
