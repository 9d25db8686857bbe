/**
 * The admin console (JSF, {@code console}) and its REST API ({@code api}), and how both are secured
 * ({@code security}). Everything here reads and acts on the pipeline through {@link
 * io.dataflow.admin.PipelineFacade} only.
 */
package io.dataflow.web;
