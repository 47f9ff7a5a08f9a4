# One image, two processes: `npm start` (api) and `npm run worker`.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY src ./src
COPY prompts ./prompts
COPY data ./data
COPY tsconfig.json ./
ENV NODE_ENV=production DATA_DIR=/data HOST=0.0.0.0
VOLUME ["/data"]
EXPOSE 3000
CMD ["npx", "tsx", "src/main/api.ts"]
