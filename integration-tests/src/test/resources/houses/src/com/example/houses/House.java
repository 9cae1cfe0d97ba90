package com.example.houses;

/** One row of the input: area in square metres, number of rooms, price. */
public record House(double area, int rooms, double price) {}
