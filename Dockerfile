# syntax=docker/dockerfile:1
# Build: docker build --build-arg VERSION=$(git describe --tags --always) -t refdigest .
# Run:   docker run -d --name refdigest -e TELEGRAM_BOT_TOKEN=... -v refdigest-data:/data refdigest

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first: this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/refdigest ./cmd/refdigest
# An empty /data owned by nonroot, so a new named volume starts writable by the service.
RUN mkdir -p /out/data

# distroless static: CA certificates and tzdata included, no shell, runs as nonroot (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/refdigest /usr/local/bin/refdigest
COPY config.yaml /etc/refdigest/config.yaml
COPY --from=build --chown=nonroot:nonroot /out/data /data
# store.dir is "data", relative to the working directory: /data, the volume.
WORKDIR /
VOLUME ["/data"]
USER nonroot:nonroot
EXPOSE 8080
# The image has no shell: the binary checks the running service's /healthz itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/refdigest", "healthcheck", "-config", "/etc/refdigest/config.yaml"]
ENTRYPOINT ["/usr/local/bin/refdigest"]
CMD ["run", "-config", "/etc/refdigest/config.yaml"]
