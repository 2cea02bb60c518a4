package aws

// AttrMatch exports attrMatch to the tests.
var AttrMatch = attrMatch
