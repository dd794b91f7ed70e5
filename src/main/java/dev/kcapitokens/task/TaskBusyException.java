package dev.kcapitokens.task;

/** A task is running for the realm already, on this node or another; nothing was done. */
public class TaskBusyException extends RuntimeException {

    public TaskBusyException(String task) {
        super("The " + task + " task is running for this realm already; try again shortly");
    }
}
