# dataflow on Open Liberty: one image for every stage; DATAFLOW_STAGES picks what a container runs.
# Build the EAR first, then the image (.dockerignore sends only liberty/ and the EAR):
#   ./mvnw -B -pl dataflow-ear -am -Dmaven.test.skip=true package && docker build -t dataflow:1.0.0 .
FROM icr.io/appcafe/open-liberty:26.0.0.3-full-java17-openj9-ubi

COPY --chown=1001:0 liberty/server.xml /config/server.xml
COPY --chown=1001:0 liberty/jvm.options /config/jvm.options
COPY --chown=1001:0 liberty/devices.json /config/devices.json
COPY --chown=1001:0 dataflow-ear/target/dataflow.ear /config/apps/dataflow.ear

# Production defaults: listen on every interface; HTTPS on 9443 with the certificate mounted at
# /config/tls/keystore.p12 (PKCS#12; its password in DATAFLOW_TLS_KEYSTORE_PASSWORD, e.g. from a
# Secret; docs/security.md); console and API requests over plain HTTP redirected to HTTPS (HTTP
# stays open for /health, for the kubelet's probes); session and SSO cookies Secure-only; /metrics
# needs a login (DATAFLOW_METRICS_USER / DATAFLOW_METRICS_PASSWORD); local data (dead letters,
# embedded stores) under /data; the sample device file until DATAFLOW_ENRICH_REGISTRY=firestore
# is set. Everything else comes from the environment (see docs/configuration.md and
# deploy/kubernetes/).
#
# Logs: one JSON object per line on the console (stdout), the form Cloud Logging (GKE's agent)
# parses into jsonPayload, with Liberty's loglevel renamed to the severity field it reads; message
# stays message. Sources: messages (JUL / application logs), trace, FFDC and audit. Set
# WLP_LOGGING_CONSOLE_FORMAT=SIMPLE for plain text. See docs/logging.md.
ENV WLP_LOGGING_CONSOLE_FORMAT=JSON \
    WLP_LOGGING_CONSOLE_SOURCE=message,trace,ffdc,audit \
    WLP_LOGGING_CONSOLE_LOGLEVEL=INFO \
    WLP_LOGGING_JSON_FIELD_MAPPINGS=loglevel:severity
ENV HTTP_HOST=* \
    HTTPS_PORT=9443 \
    DATAFLOW_TLS_KEYSTORE=/config/tls/keystore.p12 \
    DATAFLOW_ADMIN_REDIRECT_TO_HTTPS=true \
    SESSION_COOKIE_SECURE=true \
    SSO_REQUIRES_SSL=true \
    METRICS_AUTHENTICATION=true \
    DATAFLOW_DATA_DIR=/data \
    DATAFLOW_DEVICES_FILE=/config/devices.json
USER 0
RUN mkdir -p /data && chown 1001:0 /data && chmod g+rwx /data
USER 1001
VOLUME /data

EXPOSE 9080 9443
RUN configure.sh
