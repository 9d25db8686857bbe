/**
 * Start-up and shutdown of the pipeline as a whole: the one place where the container's life-cycle
 * (an EJB {@code @Startup} singleton) is used.
 */
package io.dataflow.lifecycle;
