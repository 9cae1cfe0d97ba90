package com.example.houses;

import java.util.List;

/** The cleaned input rows. */
public record Table(List<House> houses) {}
