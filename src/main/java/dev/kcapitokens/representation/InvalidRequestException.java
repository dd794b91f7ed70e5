package dev.kcapitokens.representation;

import java.util.List;

/** A request that fails validation; carries every invalid field, not only the first. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldError> fields;

    public InvalidRequestException(List<FieldError> fields) {
        super(fields.size() == 1 ? fields.get(0).field() + ": " + fields.get(0).message() : fields.size() + " fields are invalid");
        this.fields = List.copyOf(fields);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> getFields() {
        return fields;
    }
}
