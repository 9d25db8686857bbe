# dataflow on Open Liberty. Build the EAR first (mvn -B -DskipTests -DskipITs package), then:
#   docker build -t dataflow .
# One image serves every stage; DATAFLOW_STAGES picks which stages a container runs.
FROM icr.io/appcafe/open-liberty:26.0.0.3-full-java17-openj9-ubi-minimal

COPY --chown=1001:0 liberty/server.xml /config/server.xml
COPY --chown=1001:0 liberty/devices.json /config/devices.json
COPY --chown=1001:0 dataflow-ear/target/dataflow.ear /config/apps/dataflow.ear

# Production defaults: /metrics needs a login; data under a volume; all stages unless told otherwise.
ENV METRICS_AUTHENTICATION=true \
    DATAFLOW_DATA_DIR=/data \
    DATAFLOW_DEVICES_FILE=/config/devices.json \
    DATAFLOW_STAGES=all \
    DATAFLOW_BUS=local
USER 0
RUN mkdir -p /data && chown 1001:0 /data && chmod g+rwx /data
USER 1001
VOLUME /data

EXPOSE 9080 9443 1883
RUN configure.sh
