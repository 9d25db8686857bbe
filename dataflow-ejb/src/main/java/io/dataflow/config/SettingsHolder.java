package io.dataflow.config;

/**
 * A class whose {@code public static final Setting} fields are configuration keys. Each one is
 * listed in {@code META-INF/services/io.dataflow.config.SettingsHolder}, where {@link
 * SettingsCatalog} finds it with {@link java.util.ServiceLoader}; a test fails when a class with
 * settings is not found there.
 */
public interface SettingsHolder {}
