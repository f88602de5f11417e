# vsctl in a container, for CI jobs and for running `vsctl reconcile` inside a cluster
# (deploy/reconcile/, docs/reconcile.md).
#
#   docker build -t registry.example.com/vsctl:0.1.0 .
#   docker run --rm -v "$PWD:/repo" -w /repo registry.example.com/vsctl:0.1.0 validate
#
# Stage 1 builds with the same Debian packages as every other build (scripts/deps); stage 2 is
# a slim Debian with only the shared libraries vsctl links, CA certificates, and a non-root user.

ARG DEBIAN=bookworm

FROM debian:${DEBIAN} AS build
ENV DEBIAN_FRONTEND=noninteractive
COPY scripts/deps /tmp/deps
RUN /tmp/deps && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DVSCTL_WERROR=OFF -DVSCTL_CLUSTER_TESTS=OFF \
 && cmake --build /build --target vsctl \
 && strip /build/src/vsctl \
 && /build/src/vsctl --version

FROM debian:${DEBIAN}-slim AS runtime
ENV DEBIAN_FRONTEND=noninteractive
# the shared libraries vsctl needs (readelf -d vsctl | grep NEEDED): curl, yaml-cpp, OpenSSL, zlib, libgit2,
# prometheus-cpp and civetweb (its HTTP server) for reconcile --metrics-addr
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends \
      ca-certificates libcurl4 libgit2-1.5 libyaml-cpp0.7 libssl3 zlib1g \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 libcivetweb1 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /home/vsctl --create-home --shell /usr/sbin/nologin vsctl
COPY --from=build /build/src/vsctl /usr/local/bin/vsctl
COPY schemas/architecture.schema.json /usr/local/share/vsctl/architecture.schema.json
USER 10001:10001
ENV HOME=/home/vsctl XDG_CACHE_HOME=/home/vsctl/.cache
WORKDIR /home/vsctl
ENTRYPOINT ["/usr/local/bin/vsctl"]
CMD ["--help"]
