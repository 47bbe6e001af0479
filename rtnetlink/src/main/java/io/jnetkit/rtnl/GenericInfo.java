package io.jnetkit.rtnl;

/** Any other kind (or none): only the kind string is decoded. */
public record GenericInfo(String kind) implements LinkInfo {}
