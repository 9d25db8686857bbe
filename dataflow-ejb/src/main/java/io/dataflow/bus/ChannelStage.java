package io.dataflow.bus;

import io.dataflow.config.ConfigurationException;
import io.dataflow.config.Setting;
import io.dataflow.config.Stage;
import io.dataflow.config.StageSelection;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.spi.ConnectorFactory;

/**
 * Decides whether an incoming bus channel subscribes in this server. The stage beans of a stage
 * that is off are vetoed, but the connector is still asked for the channel's publisher; without
 * this check a server running only {@code ingestion} would still subscribe (and hold messages of)
 * the sinks' subscriptions.
 */
public final class ChannelStage {
  private ChannelStage() {}

  /**
   * Whether a stage named by the channel's {@link BusSettings#STAGE} attribute runs here; true when
   * the attribute is absent.
   *
   * @throws ConfigurationException when the attribute names an unknown stage
   */
  public static boolean consumedHere(Config channelConfig, StageSelection stages) {
    return BusSettings.STAGE
        .readOptional(channelConfig)
        .map(value -> parse(channelConfig, value).stream().anyMatch(stages::isEnabled))
        .orElse(true);
  }

  private static Set<Stage> parse(Config channelConfig, String value) {
    try {
      return Stage.parseList(value);
    } catch (IllegalArgumentException e) {
      String channel =
          channelConfig
              .getOptionalValue(ConnectorFactory.CHANNEL_NAME_ATTRIBUTE, String.class)
              .orElse("?");
      throw Setting.invalid(
          "mp.messaging.incoming." + channel + "." + BusSettings.STAGE.key(),
          value,
          e.getMessage(),
          e);
    }
  }
}
