package io.dataflow.web.security;

import io.dataflow.admin.AdminSettings;
import io.dataflow.config.CoreSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.security.SecureRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The identity store of the console: the users of {@link ConsoleUsers}, read from MicroProfile
 * Config ({@code DATAFLOW_ADMIN_USER}, {@code DATAFLOW_ADMIN_PASSWORD}, {@code
 * DATAFLOW_ADMIN_VIEWER_USER}, {@code DATAFLOW_ADMIN_VIEWER_PASSWORD}). Created at deployment, so a
 * generated password is in the log as soon as the server is up.
 */
@ApplicationScoped
public class ConsoleIdentityStore implements IdentityStore {
  private static final Logger LOG = Logger.getLogger(ConsoleIdentityStore.class.getName());

  @Inject Config config;

  private ConsoleUsers users;

  @PostConstruct
  void load() {
    String admin = AdminSettings.ADMIN_USER.read(config);
    boolean allInOne = "local".equals(CoreSettings.BUS.read(config));
    users =
        new ConsoleUsers(
            admin,
            AdminSettings.ADMIN_PASSWORD.readOptional(config),
            AdminSettings.VIEWER_USER.read(config),
            AdminSettings.VIEWER_PASSWORD.readOptional(config),
            allInOne,
            new SecureRandom());
    users
        .generatedAdminPassword()
        .ifPresent(
            p ->
                LOG.warning(
                    "Admin console: no "
                        + AdminSettings.ADMIN_PASSWORD.environmentVariable()
                        + " set; generated for user '"
                        + admin
                        + "' the password: "
                        + p
                        + "  (shown once; set "
                        + AdminSettings.ADMIN_PASSWORD.environmentVariable()
                        + " to choose one)"));
    if (!users.hasAdmin()) {
      LOG.warning(
          "Admin console: no administrator can log in until "
              + AdminSettings.ADMIN_PASSWORD.environmentVariable()
              + " is set (passwords are generated only in all-in-one mode)");
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
