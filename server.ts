import { applyLocalDefaults } from "./server/local-defaults";

applyLocalDefaults();
const { startAppServer } = await import("./server/boot");
await startAppServer();
