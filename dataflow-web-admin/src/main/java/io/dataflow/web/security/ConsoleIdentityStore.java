package io.dataflow.web.security;

import io.dataflow.admin.AdminSettings;
import io.dataflow.config.CoreSettings;
import io.dataflow.config.DataDirectory;
import io.dataflow.config.SecretFile;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The identity store of the console: the users of {@link ConsoleUsers}, read from MicroProfile
 * Config ({@code DATAFLOW_ADMIN_USER}, {@code DATAFLOW_ADMIN_PASSWORD}, {@code
 * DATAFLOW_ADMIN_VIEWER_USER}, {@code DATAFLOW_ADMIN_VIEWER_PASSWORD}). Created at deployment, so a
 * generated password is in its file ({@link SecretFile}, {@value #ADMIN_PASSWORD_FILE}) as soon as
 * the server is up.
 */
@ApplicationScoped
public class ConsoleIdentityStore implements IdentityStore {
  private static final Logger LOG = Logger.getLogger(ConsoleIdentityStore.class.getName());

  /** The generated administrator password's file in the data directory. */
  static final String ADMIN_PASSWORD_FILE = "admin-password";

  @Inject Config config;
  @Inject DataDirectory dataDirectory;

  private ConsoleUsers users;

  @PostConstruct
  void load() {
    String admin = AdminSettings.ADMIN_USER.read(config);
    Optional<String> password = AdminSettings.ADMIN_PASSWORD.readOptional(config);
    if (password.isEmpty() && "local".equals(CoreSettings.BUS.read(config))) {
      password = Optional.of(generatedPassword(admin));
    }
    users =
        new ConsoleUsers(
            admin,
            password,
            AdminSettings.VIEWER_USER.read(config),
            AdminSettings.VIEWER_PASSWORD.readOptional(config));
    if (!users.hasAdmin()) {
      LOG.warning(
          "Admin console: no administrator can log in until "
              + AdminSettings.ADMIN_PASSWORD.environmentVariable()
              + " is set (passwords are generated only in all-in-one mode)");
    }
  }

  /** The all-in-one server's generated password, kept in the data directory (never logged). */
  private String generatedPassword(String admin) {
    Path file = dataDirectory.root().resolve(ADMIN_PASSWORD_FILE);
    try {
      String p = SecretFile.readOrCreate(file, new SecureRandom());
      LOG.info(
          "Admin console: user '"
              + admin
              + "', password in "
              + file
              + " (generated because "
              + AdminSettings.ADMIN_PASSWORD.environmentVariable()
              + " is not set; delete the file for a new one)");
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot keep the generated admin password in "
              + file
              + "; set "
              + AdminSettings.ADMIN_PASSWORD.environmentVariable()
              + " or "
              + CoreSettings.DATA_DIR.environmentVariable(),
          e);
    }
  }

  /** Creates the store when the application starts, not at the first login. */
  void atStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
    users.hasAdmin();
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (credential instanceof UsernamePasswordCredential up) {
      return users
          .authenticate(up.getCaller(), up.getPasswordAsString())
          .map(groups -> new CredentialValidationResult(up.getCaller(), groups))
          .orElse(CredentialValidationResult.INVALID_RESULT);
    }
    return CredentialValidationResult.NOT_VALIDATED_RESULT;
  }
}
