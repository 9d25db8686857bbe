package io.dataflow.web.security;

/** The console's roles. Every read needs {@link #VIEWER}; every mutation needs {@link #ADMIN}. */
public final class Roles {
  public static final String VIEWER = "dataflow-viewer";
  public static final String ADMIN = "dataflow-admin";

  private Roles() {}
}
