import { z } from "zod";
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";

// Every schema module imports z from here, so `.openapi()` exists whatever the import order.
extendZodWithOpenApi(z);

export { z };
