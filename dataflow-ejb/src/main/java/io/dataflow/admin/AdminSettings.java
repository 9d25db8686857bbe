package io.dataflow.admin;

import io.dataflow.config.Setting;
import io.dataflow.config.SettingsHolder;

/**
 * Users of the admin console and API. No password has a default: when the admin password is not set
 * in all-in-one mode ({@code dataflow.bus=local}) one is generated at start-up and printed once to
 * the log; otherwise the console has no admin user until one is configured.
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
          "Password of the console administrator. Unset in all-in-one mode: generated at start-up"
              + " and logged once.");

  public static final Setting<String> VIEWER_USER =
      Setting.string(
          "dataflow.admin.viewer-user",
          "viewer",
          "User name of the read-only console user (role dataflow-viewer).");

  public static final Setting<String> VIEWER_PASSWORD =
      Setting.optionalString(
          "dataflow.admin.viewer-password",
          "Password of the read-only console user; no viewer user exists while it is unset.");

  /** For {@link java.util.ServiceLoader}; the settings are the static fields. */
  public AdminSettings() {}
}
