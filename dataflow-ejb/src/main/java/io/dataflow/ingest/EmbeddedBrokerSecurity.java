package io.dataflow.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * Who may use the embedded broker when its security is on: the one user of {@code
 * dataflow.mqtt.embedded.username} / {@code .password}, with every permission (publish, subscribe,
 * the durable subscription queues). Anyone else, anonymous clients included, is refused.
 */
final class EmbeddedBrokerSecurity implements ActiveMQSecurityManager {
  private final byte[] username;
  private final byte[] password;

  /**
   * @param username the user name, or null to refuse everyone
   * @param password its password
   */
  EmbeddedBrokerSecurity(String username, String password) {
    this.username = username == null ? null : username.getBytes(StandardCharsets.UTF_8);
    this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean validateUser(String user, String password) {
    if (this.username == null || user == null || password == null) {
      return false;
    }
    // Both compared in constant time, and both always, so that the time does not tell which one
    // was wrong.
    boolean userMatches =
        MessageDigest.isEqual(this.username, user.getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches =
        MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.UTF_8));
    return userMatches & passwordMatches;
  }

  @Override
  public boolean validateUserAndRole(
      String user, String password, Set<Role> roles, CheckType checkType) {
    return validateUser(user, password);
  }
}
