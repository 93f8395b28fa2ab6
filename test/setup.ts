// Loaded by mocha before every test file (see "mocha" in package.json).
import "reflect-metadata";

// Tests never write logs to the terminal unless asked: a failing assertion is the output we want to read.
process.env.LOG_LEVEL ??= "silent";
