/**
 * What a {@link dev.parley.agent.LanguageModel} sees and emits: requests, messages, events, usage. For code that
 * scripts a model ({@link dev.parley.agent.model.DemoModel#scripted}) or adds a provider of its own.
 */
package dev.parley.agent.model;
