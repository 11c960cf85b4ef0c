package org.gridledger.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one JSON parameter value into a Java value, or explains why it cannot. The node is never
 * {@code null} and never JSON {@code null}: absent and null parameters are handled by {@link
 * org.gridledger.rpc.RpcParams} before a parser is called.
 *
 * <p>Parsers compose: a parser for an object parameter (a transaction call object, say) calls the
 * parsers of {@link ParamParsers} on its fields and prefixes the field name to their messages.
 *
 * @param <T> the parsed type
 */
@FunctionalInterface
public interface ParamParser<T> {
  T parse(JsonNode node) throws InvalidParamException;
}
