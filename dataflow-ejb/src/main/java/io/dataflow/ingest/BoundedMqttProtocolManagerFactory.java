package io.dataflow.ingest;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.BaseInterceptor;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTProtocolManagerFactory;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.spi.core.protocol.ProtocolManager;

/**
 * Artemis's MQTT protocol with a bound on the size of a packet, for every MQTT version.
 *
 * <p>Artemis 2.40.0 decodes MQTT with Netty's {@link MqttDecoder} at the protocol's maximum (256
 * MiB) and checks its {@code maximumPacketSize} only for MQTT 5 clients, after the whole packet is
 * in memory ({@code MQTTProtocolHandler.handlePublish}). Here the decoder is replaced with one
 * bounded to the configured size: a larger packet from any client fails to decode before its body
 * is read, and Artemis closes the connection without acknowledging it ({@code
 * MQTTProtocolHandler.channelRead}, on a decoder failure).
 */
final class BoundedMqttProtocolManagerFactory extends MQTTProtocolManagerFactory {
  private final int maxPacketBytes;

  BoundedMqttProtocolManagerFactory(int maxPacketBytes) {
    this.maxPacketBytes = maxPacketBytes;
  }

  @Override
  public ProtocolManager createProtocolManager(
      ActiveMQServer server,
      Map<String, Object> parameters,
      List<BaseInterceptor> incomingInterceptors,
      List<BaseInterceptor> outgoingInterceptors)
      throws Exception {
    ProtocolManager mqtt =
        super.createProtocolManager(server, parameters, incomingInterceptors, outgoingInterceptors);
    return (ProtocolManager)
        Proxy.newProxyInstance(
            ProtocolManager.class.getClassLoader(),
            new Class<?>[] {ProtocolManager.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(mqtt, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("addChannelHandlers")) {
                ChannelPipeline pipeline = (ChannelPipeline) args[0];
                MqttDecoder unbounded = pipeline.get(MqttDecoder.class);
                if (unbounded == null) {
                  throw new IllegalStateException("Artemis added no MqttDecoder to " + pipeline);
                }
                pipeline.replace(unbounded, "mqtt-decoder", new MqttDecoder(maxPacketBytes));
              }
              return result;
            });
  }
}
