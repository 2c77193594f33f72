package org.dmabufspec.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * The layout of an ITF file: each top-level field on its own line and each state on its own
 * line, everything inside a state compact. A diff of two trace files then shows which states
 * differ, and a file of thousands of states stays a few lines per state.
 */
final class ItfLayout implements PrettyPrinter {

  /** True inside the outermost object. */
  private static boolean topObject(JsonGenerator g) {
    JsonStreamContext c = g.getOutputContext();
    return c.inObject() && c.getParent() != null && c.getParent().inRoot();
  }

  /** True inside the top-level {@code "states"} array. */
  private static boolean statesArray(JsonGenerator g) {
    JsonStreamContext c = g.getOutputContext();
    JsonStreamContext parent = c.getParent();
    return c.inArray() && parent != null && parent.inObject() && parent.getParent() != null
        && parent.getParent().inRoot() && "states".equals(parent.getCurrentName());
  }

  @Override public void writeRootValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
  }

  @Override public void writeStartObject(JsonGenerator g) throws IOException {
    g.writeRaw('{');
  }

  @Override public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    g.writeRaw(topObject(g) ? "\n}" : "}");
  }

  @Override public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(topObject(g) ? ",\n  " : ",");
  }

  @Override public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(topObject(g) ? ": " : ":");
  }

  @Override public void writeStartArray(JsonGenerator g) throws IOException {
    g.writeRaw('[');
  }

  @Override public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    g.writeRaw(statesArray(g) && nrOfValues > 0 ? "\n  ]" : "]");
  }

  @Override public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(statesArray(g) ? ",\n    " : ",");
  }

  @Override public void beforeArrayValues(JsonGenerator g) throws IOException {
    if (statesArray(g)) {
      g.writeRaw("\n    ");
    }
  }

  @Override public void beforeObjectEntries(JsonGenerator g) throws IOException {
    if (topObject(g)) {
      g.writeRaw("\n  ");
    }
  }
}
