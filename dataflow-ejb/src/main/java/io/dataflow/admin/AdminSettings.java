package io.dataflow.admin;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;
import java.time.Duration;

/**
 * Users of the admin console and API. No password has a default: when the admin password is not set
 * in all-in-one mode ({@code dataflow.bus=local}) one is generated at the first start and kept in
 * {@code <data-dir>/admin-password} (never logged); otherwise the console has no admin user until
 * one is configured.
 */
public final class AdminSettings implements SettingsHolder {
  public static final Setting<String> ADMIN_USER =
      Setting.string(
          "dataflow.admin.user",
          "admin",
          "User name of the console administrator (roles dataflow-admin and dataflow-viewer).");

  public static final Setting<String> ADMIN_PASSWORD =
      Setting.optionalString(
          "dataflow.admin.password",
          "Password of the console administrator. Unset in all-in-one mode: generated at the first"
              + " start into <data-dir>/admin-password (never logged).");

  public static final Setting<String> VIEWER_USER =
      Setting.string(
          "dataflow.admin.viewer-user",
          "viewer",
          "User name of the read-only console user (role dataflow-viewer).");

  public static final Setting<String> VIEWER_PASSWORD =
      Setting.optionalString(
          "dataflow.admin.viewer-password",
          "Password of the read-only console user; no viewer user exists while it is unset.");

  public static final Setting<Integer> LOGIN_MAX_FAILURES =
      Setting.integer(
          "dataflow.admin.login.max-failures",
          5,
          1,
          1000,
          "Failed logins (form or HTTP Basic) of one user name, or from one client address, within"
              + " dataflow.admin.login.window after which further logins of that user or from that"
              + " address get HTTP 429 for dataflow.admin.login.lockout, even with the right"
              + " password.");

  public static final Setting<Duration> LOGIN_WINDOW =
      Setting.duration(
          "dataflow.admin.login.window",
          "15m",
          Duration.ofSeconds(1),
          Duration.ofDays(1),
          "The time from the first counted failed login within which"
              + " dataflow.admin.login.max-failures failures lock the user name or address.");

  public static final Setting<Duration> LOGIN_LOCKOUT =
      Setting.duration(
          "dataflow.admin.login.lockout",
          "5m",
          Duration.ofSeconds(1),
          Duration.ofDays(1),
          "How long a locked user name or client address gets HTTP 429 (with Retry-After).");

  public static final Setting<Integer> FORWARDED_HOPS =
      Setting.integer(
          "dataflow.admin.forwarded-hops",
          0,
          0,
          10,
          "Trusted reverse proxies in front of the server. 0: the client address of a login is"
              + " the TCP peer and X-Forwarded-For / X-Forwarded-Proto are ignored. N: the client"
              + " is the N-th address from the right of X-Forwarded-For (2 behind a Google Cloud"
              + " external Application Load Balancer, which appends the client and its own"
              + " address), and X-Forwarded-Proto: https counts as HTTPS. Only set it when every"
              + " request comes through those proxies.");

  public static final Setting<Boolean> REDIRECT_TO_HTTPS =
      Setting.bool(
          "dataflow.admin.redirect-to-https",
          false,
          "Console and API requests over plain HTTP are redirected (308) to HTTPS on the port of"
              + " HTTPS_PORT. True in the container image; /health stays on HTTP for probes.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public AdminSettings() {}
}
