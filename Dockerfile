# Offload on the official Open Liberty image. The broker and the database are separate services:
# point Offload at them with the environment variables below (see README, Configuration).
#
#   docker build -t offload .
#   docker run -p 9080:9080 -e OFFLOAD_BROKER_HOST=artemis -e OFFLOAD_BROKER_PASSWORD=... \
#     -e OFFLOAD_DB_URL=jdbc:postgresql://postgres:5432/offload -e OFFLOAD_DB_XA_CLASS=org.postgresql.xa.PGXADataSource \
#     -e OFFLOAD_DB_USER=offload -e OFFLOAD_DB_PASSWORD=... offload

# Build: the WAR, the Artemis resource adapter archive and the JDBC drivers.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY server-config ./server-config
RUN mvn -B -ntp -DskipTests -DskipITs package

FROM icr.io/appcafe/open-liberty:kernel-slim-java17-openj9-ubi
COPY --chown=1001:0 server-config/liberty/server.xml server-config/liberty/application.xml /config/
RUN features.sh
# artemis.rar, h2.jar and postgresql.jar, where server.xml's offload.lib.dir expects them.
COPY --chown=1001:0 --from=build /src/target/offload-libs/ /opt/ol/wlp/usr/shared/resources/
# Named offload.war so the MDB activation-spec ids (offload/TaskConsumer ...) match server.xml.
COPY --chown=1001:0 --from=build /src/target/offload.war /config/apps/offload.war
ENV OFFLOAD_BROKER_HOST=artemis \
    OFFLOAD_BROKER_PORT=61616 \
    OFFLOAD_WORKER_ENABLED=true
EXPOSE 9080 9443
RUN configure.sh
