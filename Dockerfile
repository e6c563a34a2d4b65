# syntax=docker/dockerfile:1
# Charter's image: built by scripts/build-release.sh (the same script CI runs and tests), run as the
# unprivileged `node` user with production dependencies only.

FROM node:20-slim AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.npm scripts/build-release.sh /release

FROM node:20-slim AS runtime
ENV NODE_ENV=production PORT=8081 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=root:root /release /app
# The application files belong to root and are read-only to the process; it writes nothing to disk
# on PostgreSQL (set CHARTER_BOOTSTRAP_TOKEN; the embedded database needs a writable CHARTER_DATA_DIR).
USER node
EXPOSE 8081
# Slim images have no curl: ask Node itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8081)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
