# dataflow on Open Liberty: one image for every stage; DATAFLOW_STAGES picks what a container runs.
# Build the EAR first, then the image (.dockerignore sends only liberty/ and the EAR):
#   ./mvnw -B -pl dataflow-ear -am -Dmaven.test.skip=true package && docker build -t dataflow:1.0.0 .
FROM icr.io/appcafe/open-liberty:26.0.0.3-full-java17-openj9-ubi

COPY --chown=1001:0 liberty/server.xml /config/server.xml
COPY --chown=1001:0 liberty/jvm.options /config/jvm.options
COPY --chown=1001:0 liberty/devices.json /config/devices.json
COPY --chown=1001:0 dataflow-ear/target/dataflow.ear /config/apps/dataflow.ear

# Production defaults: /metrics needs a login (server.xml variable metrics.authentication); local
# data (dead letters, embedded stores) under /data; the sample device file until
# DATAFLOW_ENRICH_REGISTRY=firestore is set. Everything else comes from the environment
# (see docs/configuration.md and deploy/kubernetes/).
ENV METRICS_AUTHENTICATION=true \
    DATAFLOW_DATA_DIR=/data \
    DATAFLOW_DEVICES_FILE=/config/devices.json
USER 0
RUN mkdir -p /data && chown 1001:0 /data && chmod g+rwx /data
USER 1001
VOLUME /data

EXPOSE 9080 9443
RUN configure.sh
