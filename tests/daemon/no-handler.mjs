// An app that serves nothing: edgeboxd refuses it at start.
export const notAHandler = 1;
console.log("top level ran");
