package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The call has no step in the spec from the current state: its action's enabling condition is
 * false (a buffer that is not live, a kernel without kmap, a map on an attachment that is
 * already waiting, a release while references remain ...). In a kernel these are caller bugs
 * (use after free, a missing function); the reference refuses them and changes nothing.
 */
public final class NotEnabledException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String action;
  private final transient List<Object> args;

  NotEnabledException(String action, List<Object> args, String reason) {
    super(action + args.toString().replace('[', '(').replace(']', ')') + " is not enabled: " + reason);
    this.action = action;
    this.args = Collections.unmodifiableList(new ArrayList<>(args));
  }

  /** The spec's action name. */
  public String action() {
    return action;
  }

  /** The call's arguments, spelled as in the spec. */
  public List<Object> args() {
    return args;
  }
}
