# syntax=docker/dockerfile:1
# kiln's image: the `kiln` binary and the example project, nothing else.
#
#   docker build -t kiln:local .
#   docker run --rm kiln:local compile           # compiles /project into /project/target
#   docker compose up                             # the whole stack (docker-compose.yml)
#
# Stage 1 builds with the official Rust image, on Debian bookworm so the binary needs
# no glibc newer than bookworm's (the Airflow image copies it too, see
# orchestration/airflow/Dockerfile). Stage 2 is Debian's slim image: kiln links only
# glibc (TLS is rustls with built-in roots, so no OpenSSL or CA bundle is needed).
# Both images are pinned; bump them together with rust-version in Cargo.toml.
ARG RUST_IMAGE=rust:1.95.0-slim-bookworm
ARG RUNTIME_IMAGE=debian:12.12-slim

FROM ${RUST_IMAGE} AS build
WORKDIR /build
# Only what the build reads: the manifest, the lock file, the sources and the pest
# grammars they embed.
COPY Cargo.toml Cargo.lock ./
COPY grammar/ grammar/
COPY src/ src/
# The cache mounts keep downloaded crates and compiled dependencies between builds;
# the binary is copied out because the target/ cache is not part of the layer.
# Release builds keep line tables in Cargo.toml; the image does not need them.
ENV CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_STRIP=symbols
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/build/target \
    cargo build --release --locked --bin kiln \
    && install -D -m 0755 target/release/kiln /out/kiln

FROM ${RUNTIME_IMAGE}
# A fixed, unprivileged user; /project/target is where compile writes.
RUN useradd --system --uid 10001 --user-group --home-dir /project --no-create-home \
        --shell /usr/sbin/nologin kiln
COPY --from=build /out/kiln /usr/local/bin/kiln
WORKDIR /project
COPY kiln.yml ./
COPY models/ models/
COPY macros/ macros/
COPY data/ data/
COPY tests/data/ tests/data/
RUN mkdir target && chown kiln:kiln target && kiln --version
USER kiln
ENTRYPOINT ["kiln"]
CMD ["--help"]
