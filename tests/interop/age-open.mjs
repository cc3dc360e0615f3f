// Opens an age file with typage (the age project's TypeScript
// implementation), independent of the Rust `age` crate that wrote it.
// Usage: node age-open.mjs FILE < passphrase; prints the plaintext.
import { readFileSync } from "node:fs";
import { Decrypter } from "../../ui/node_modules/age-encryption/dist/index.js";

const passphrase = readFileSync(0, "utf8");
const decrypter = new Decrypter();
decrypter.addPassphrase(passphrase);
process.stdout.write(await decrypter.decrypt(readFileSync(process.argv[2]), "text"));
