/**
 * Parley's public agent API: everything an agent, its tools and its prompts are written against. Types here and in
 * {@code dev.parley.agent.message} and {@code dev.parley.agent.model} follow the compatibility promise in
 * {@code docs/agents.md}; nothing else under {@code dev.parley} does, and agent code should not import it.
 */
package dev.parley.agent;
