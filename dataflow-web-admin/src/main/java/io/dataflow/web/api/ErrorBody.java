package io.dataflow.web.api;

/** The body of an error response. */
public record ErrorBody(String error) {}
