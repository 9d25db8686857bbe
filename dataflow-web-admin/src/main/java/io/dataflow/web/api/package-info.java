/**
 * The REST API under {@code /admin/api}: JSON (JSON-B) views of the pipeline from {@link
 * io.dataflow.admin.PipelineFacade}, and the operator actions. Reads need role {@code
 * dataflow-viewer}, mutations role {@code dataflow-admin} and the {@code X-Requested-By} header.
 * Documented by MicroProfile OpenAPI at {@code /openapi}.
 */
package io.dataflow.web.api;
